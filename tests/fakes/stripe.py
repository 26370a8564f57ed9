"""A small fake of Stripe's API on 127.0.0.1, for the real `stripe` SDK to talk to.

It keeps Checkout Sessions, customers, PaymentIntents, charges, subscriptions,
invoices and events in memory, shaped as the SDK's pinned API version returns
them, and records every request (with its Idempotency-Key). A POST repeated with
the same Idempotency-Key gets the first answer back, as from Stripe.

Tests play Stripe's side of a payment with the scenario methods
(`complete_checkout`, `renew`, `refund`, `cancel_subscription`, ...): each
changes the stored objects as Stripe would and returns the event Stripe would
send, which `signed_delivery` turns into a webhook request signed with the real
scheme (`t=<timestamp>,v1=<HMAC-SHA256 of "<timestamp>.<body>">`).

It can be told to misbehave for the next requests (by path, and method if given):
answer 429 or 500, refuse with a 400 and Stripe's own error body, or hang past
the client's timeout. Objects carry the donor's details where real Stripe puts
them (`customer_details`, `billing_details`, `customer_email` ...), so tests can
check what the site stores of them.

    fake = FakeStripe().start()
    settings.STRIPE_API_BASE = fake.url
    ...
    fake.stop()
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import hmac
import html
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SECRET_KEY = "sk_test_fake_0123456789"
WEBHOOK_SECRET = "whsec_fake_0123456789abcdef"
API_VERSION = "2026-10-28.endive"
# Stripe's list of Checkout locales (its own, not the app's: the fake refuses others).
CHECKOUT_LOCALES = frozenset(
    [
        "auto",
        "bg",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "en-GB",
        "es",
        "es-419",
        "et",
        "fi",
        "fil",
        "fr",
        "fr-CA",
        "hr",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "lt",
        "lv",
        "ms",
        "mt",
        "nb",
        "nl",
        "pl",
        "pt",
        "pt-BR",
        "ro",
        "ru",
        "sk",
        "sl",
        "sv",
        "th",
        "tr",
        "vi",
        "zh",
        "zh-HK",
        "zh-TW",
    ]
)


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send with this body."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_body(event: dict) -> bytes:
    return json.dumps(event, indent=2).encode()


def decode_form(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's bracketed form encoding ('a[b][0][c]=1') back into nested dicts and lists."""
    root: dict = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node: Any = root
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            next_is_list = not last and parts[index + 1].isdigit()
            if isinstance(node, list):
                position = int(part)
                while len(node) <= position:
                    node.append([] if next_is_list else {})
                if last:
                    node[position] = value
                else:
                    node = node[position]
            else:
                if last:
                    node[part] = value
                else:
                    node = node.setdefault(part, [] if next_is_list else {})
    return root


@dataclass
class Request:
    method: str
    path: str
    params: dict
    idempotency_key: str | None
    authorization: str


@dataclass
class Misbehaviour:
    kind: str  # "status" or "hang"
    status: int = 500
    error_type: str = "api_error"
    message: str = ""
    code: str = ""
    seconds: float = 0.0
    path_contains: str = ""
    method: str = ""  # "" for any
    remaining: int = 1


@dataclass
class _State:
    objects: dict[str, dict] = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    idempotent: dict[str, tuple[int, dict]] = field(default_factory=dict)


class FakeStripe:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._state = _State()
        self._lock = threading.RLock()
        self._counter = itertools.count(1)
        self._misbehaviours: list[Misbehaviour] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.clock = int(time.time())

    # --- Running ---------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeStripe:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms stalls

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

            def do_DELETE(self):
                fake._handle(self, "DELETE")

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- Misbehaving ------------------------------------------------------------------

    def fail_next(
        self,
        status: int = 500,
        *,
        times: int = 1,
        error_type: str | None = None,
        message: str = "",
        code: str = "",
        path_contains: str = "",
        method: str = "",
    ) -> None:
        """Answer the next `times` matching requests (by path, and method if given) with this
        status and Stripe's error body."""
        default_type = {
            400: "invalid_request_error",
            401: "invalid_request_error",
            429: "invalid_request_error",
        }
        self._misbehaviours.append(
            Misbehaviour(
                kind="status",
                status=status,
                error_type=error_type or default_type.get(status, "api_error"),
                message=message
                or {429: "Too many requests hit the API too quickly."}.get(
                    status, "Something went wrong on Stripe's end."
                ),
                code=code or ("rate_limit" if status == 429 else ""),
                path_contains=path_contains,
                method=method.upper(),
                remaining=times,
            )
        )

    def hang_next(
        self, seconds: float, *, times: int = 1, path_contains: str = "", method: str = ""
    ) -> None:
        self._misbehaviours.append(
            Misbehaviour(
                kind="hang",
                seconds=seconds,
                path_contains=path_contains,
                method=method.upper(),
                remaining=times,
            )
        )

    def _misbehaviour_for(self, method: str, path: str) -> Misbehaviour | None:
        with self._lock:
            for misbehaviour in self._misbehaviours:
                if (
                    misbehaviour.remaining > 0
                    and misbehaviour.path_contains in path
                    and misbehaviour.method in ("", method)
                ):
                    misbehaviour.remaining -= 1
                    return misbehaviour
        return None

    # --- Serving ----------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        params = decode_form(parse_qsl(parts.query, keep_blank_values=True))
        if body:
            params.update(decode_form(parse_qsl(body, keep_blank_values=True)))
        key = handler.headers.get("Idempotency-Key")
        with self._lock:
            self.requests.append(
                Request(method, parts.path, params, key, handler.headers.get("Authorization", ""))
            )
        if not parts.path.startswith("/v1/"):
            self._send_html(handler, parts.path)
            return
        misbehaviour = self._misbehaviour_for(method, parts.path)
        if misbehaviour is not None and misbehaviour.kind == "hang":
            time.sleep(misbehaviour.seconds)
        if misbehaviour is not None and misbehaviour.kind == "status":
            self._send(handler, misbehaviour.status, self._error(misbehaviour))
            return
        if handler.headers.get("Authorization", "") != f"Bearer {SECRET_KEY}":
            self._send(
                handler,
                401,
                {
                    "error": {
                        "type": "invalid_request_error",
                        "message": "Invalid API Key provided.",
                    }
                },
            )
            return
        if method == "POST" and key:
            with self._lock:
                remembered = self._state.idempotent.get(key)
            if remembered is not None:
                self._send(handler, *remembered, replayed=True)
                return
        status, payload = self._route(method, parts.path, params)
        if method == "POST" and key and status < 500:
            with self._lock:
                self._state.idempotent[key] = (status, payload)
        self._send(handler, status, payload)

    @staticmethod
    def _error(misbehaviour: Misbehaviour) -> dict:
        error = {"type": misbehaviour.error_type, "message": misbehaviour.message}
        if misbehaviour.code:
            error["code"] = misbehaviour.code
        return {"error": error}

    @staticmethod
    def _send(handler, status: int, payload: dict, replayed: bool = False) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Request-Id", "req_fake")
        if replayed:
            handler.send_header("Idempotent-Replayed", "true")
        handler.end_headers()
        # The client may have given up waiting (a "hang" test): nothing left to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.wfile.write(data)

    def _send_html(self, handler, path: str) -> None:
        """The hosted pages a browser is sent to (Checkout, the customer portal)."""
        session_id = path.rstrip("/").rsplit("/", 1)[-1]
        session = self._state.objects.get(session_id, {})
        title = "Fake Stripe Checkout" if path.startswith("/checkout/") else "Fake Stripe portal"
        amount = session.get("amount_total")
        details = f"<p>{amount} {session.get('currency', '')}</p>" if amount else ""
        # For `make run STRIPE=fake`: the way back to the site, as Stripe's page offers.
        # Nothing is paid and no webhook is sent, so the site still waits for the payment.
        links = [
            (url.replace("{CHECKOUT_SESSION_ID}", session_id), text)
            for url, text in (
                (session.get("success_url"), "Return to the site as if paid"),
                (session.get("cancel_url"), "Cancel and return to the site"),
                (session.get("return_url"), "Return to the site"),
            )
            if url
        ]
        back = "".join(f'<p><a href="{html.escape(url)}">{text}</a></p>' for url, text in links)
        data = f"<!doctype html><title>{title}</title><h1>{title}</h1>{details}{back}".encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _missing(self, kind: str, object_id: str) -> tuple[int, dict]:
        return 404, {
            "error": {
                "type": "invalid_request_error",
                "code": "resource_missing",
                "param": "id",
                "message": f"No such {kind}: '{object_id}'",
            }
        }

    def _get(self, kind: str, object_id: str, expected_object: str) -> tuple[int, dict]:
        with self._lock:
            obj = self._state.objects.get(object_id)
            if obj is None or obj.get("object") != expected_object:
                return self._missing(kind, object_id)
            return 200, copy.deepcopy(obj)

    def _route(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        segments = path.strip("/").split("/")[1:]  # without "v1"
        if method == "POST" and segments == ["checkout", "sessions"]:
            return self._create_checkout_session(params)
        if method == "GET" and segments[:2] == ["checkout", "sessions"] and len(segments) == 3:
            return self._get("checkout.session", segments[2], "checkout.session")
        if method == "GET" and segments[0] == "subscriptions" and len(segments) == 2:
            return self._get("subscription", segments[1], "subscription")
        if method == "DELETE" and segments[0] == "subscriptions" and len(segments) == 2:
            return self._cancel_subscription_by_api(segments[1], params)
        if method == "GET" and segments[0] == "invoices" and len(segments) == 2:
            status, invoice = self._get("invoice", segments[1], "invoice")
            if status == 200 and "payments" in (params.get("expand") or []):
                invoice["payments"] = self._invoice_payments(invoice["id"])
            return status, invoice
        if method == "GET" and segments == ["invoice_payments"]:
            wanted = (params.get("payment") or {}).get("payment_intent")
            with self._lock:
                found = [
                    copy.deepcopy(obj)
                    for obj in self._state.objects.values()
                    if obj.get("object") == "invoice_payment"
                    and obj["payment"].get("payment_intent") == wanted
                ]
            return 200, self._list(found, "/v1/invoice_payments")
        if method == "GET" and segments[0] == "payment_intents" and len(segments) == 2:
            return self._get("payment_intent", segments[1], "payment_intent")
        if method == "GET" and segments[0] == "charges" and len(segments) == 2:
            return self._get("charge", segments[1], "charge")
        if method == "GET" and segments[0] == "customers" and len(segments) == 2:
            return self._get("customer", segments[1], "customer")
        if method == "GET" and segments == ["events"]:
            return 200, self._list_events(params)
        if method == "POST" and segments == ["billing_portal", "sessions"]:
            return self._create_portal_session(params)
        return 404, {
            "error": {
                "type": "invalid_request_error",
                "message": f"Unrecognized request URL ({method}: {path}).",
            }
        }

    @staticmethod
    def _list(data: list[dict], url: str, has_more: bool = False) -> dict:
        return {"object": "list", "data": data, "has_more": has_more, "url": url}

    # --- Objects ------------------------------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self._counter):06d}"

    def _now(self) -> int:
        with self._lock:
            self.clock = max(self.clock + 1, int(time.time()))
            return self.clock

    def _store(self, obj: dict) -> dict:
        with self._lock:
            self._state.objects[obj["id"]] = obj
        return obj

    def object(self, object_id: str) -> dict:
        """A copy of an object as Stripe holds it now."""
        with self._lock:
            return copy.deepcopy(self._state.objects[object_id])

    def objects_of(self, kind: str) -> list[dict]:
        with self._lock:
            return [copy.deepcopy(o) for o in self._state.objects.values() if o["object"] == kind]

    def _create_checkout_session(self, params: dict) -> tuple[int, dict]:
        mode = params.get("mode")
        items = params.get("line_items") or []
        if mode not in ("payment", "subscription") or not items:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "param": "mode" if not items else "line_items",
                    "message": "Missing required param: mode."
                    if mode is None
                    else "Invalid checkout session parameters.",
                }
            }
        price = items[0].get("price_data") or {}
        if mode == "subscription" and not price.get("recurring"):
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "param": "line_items[0][price_data][recurring]",
                    "message": "You must specify at least one recurring price in `subscription` mode.",
                }
            }
        locale = params.get("locale", "auto")
        if locale not in CHECKOUT_LOCALES:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "param": "locale",
                    "message": f"Invalid locale: {locale}.",
                }
            }
        amount = int(price.get("unit_amount") or 0) * int(items[0].get("quantity") or 1)
        session_id = self._new_id("cs_test")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": mode,
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": amount,
            "amount_subtotal": amount,
            "currency": price.get("currency"),
            "client_reference_id": params.get("client_reference_id"),
            "customer": None,
            "customer_email": params.get("customer_email"),
            "customer_details": None,
            "locale": locale,
            "metadata": params.get("metadata") or {},
            "payment_intent": None,
            "subscription": None,
            "invoice": None,
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"{self.url}/checkout/pay/{session_id}",
            "created": self._now(),
            "expires_at": self._now() + 24 * 3600,
            "livemode": False,
            # Kept to play Stripe's side later; real sessions do not echo these.
            "_payment_intent_data": params.get("payment_intent_data") or {},
            "_subscription_data": params.get("subscription_data") or {},
        }
        self._store(session)
        return 200, self._public(session)

    @staticmethod
    def _public(obj: dict) -> dict:
        return {key: value for key, value in copy.deepcopy(obj).items() if not key.startswith("_")}

    def _create_portal_session(self, params: dict) -> tuple[int, dict]:
        customer = params.get("customer")
        if not customer or customer not in self._state.objects:
            return self._missing("customer", customer or "")
        portal_id = self._new_id("bps")
        return 200, {
            "id": portal_id,
            "object": "billing_portal.session",
            "customer": customer,
            "return_url": params.get("return_url"),
            "url": f"{self.url}/portal/{portal_id}",
            "created": self._now(),
            "livemode": False,
        }

    def _invoice_payments(self, invoice_id: str) -> dict:
        with self._lock:
            data = [
                copy.deepcopy(obj)
                for obj in self._state.objects.values()
                if obj.get("object") == "invoice_payment" and obj["invoice"] == invoice_id
            ]
        return self._list(data, f"/v1/invoice_payments?invoice={invoice_id}")

    def _list_events(self, params: dict) -> dict:
        gte = int((params.get("created") or {}).get("gte") or 0)
        types = params.get("types") or []
        limit = int(params.get("limit") or 10)
        after = params.get("starting_after")
        with self._lock:
            events = [
                copy.deepcopy(event)
                for event in sorted(
                    self._state.events, key=lambda e: (e["created"], e["id"]), reverse=True
                )
                if event["created"] >= gte and (not types or event["type"] in types)
            ]
        if after:
            ids = [event["id"] for event in events]
            events = events[ids.index(after) + 1 :] if after in ids else []
        return self._list(events[:limit], "/v1/events", has_more=len(events) > limit)

    # --- Playing Stripe's side -----------------------------------------------------------

    def event(self, event_type: str, obj: dict) -> dict:
        """Record an event about `obj` as it is now, as Stripe does, and return it."""
        event = {
            "id": self._new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": self._now(),
            "data": {"object": self._public(obj)},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
        with self._lock:
            self._state.events.append(copy.deepcopy(event))
        return event

    #: The billing address Checkout collects (real Stripe puts it in `customer_details`,
    #: on the customer, on each charge's `billing_details` and on each invoice).
    ADDRESS = {
        "city": "London",
        "country": "GB",
        "line1": "12 St James's Square",
        "line2": None,
        "postal_code": "SW1Y 4JH",
        "state": None,
    }

    def _customer(self, email: str | None, name: str) -> dict:
        return self._store(
            {
                "id": self._new_id("cus"),
                "object": "customer",
                "email": email,
                "name": name,
                "address": dict(self.ADDRESS),
                "phone": None,
                "created": self._now(),
            }
        )

    def _billing_details(self, customer_id: str) -> dict:
        with self._lock:
            customer = self._state.objects.get(customer_id) or {}
        return {
            "address": copy.deepcopy(customer.get("address")),
            "email": customer.get("email"),
            "name": customer.get("name"),
            "phone": None,
        }

    def _payment(self, *, amount: int, currency: str, customer: str, metadata: dict, paid: bool):
        intent_id = self._new_id("pi")
        charge_id = self._new_id("ch")
        intent = self._store(
            {
                "id": intent_id,
                "object": "payment_intent",
                "amount": amount,
                "amount_received": amount if paid else 0,
                "currency": currency,
                "customer": customer,
                "metadata": dict(metadata),
                "status": "succeeded" if paid else "requires_payment_method",
                "latest_charge": charge_id,
                "created": self._now(),
            }
        )
        charge = self._store(
            {
                "id": charge_id,
                "object": "charge",
                "amount": amount,
                "amount_captured": amount if paid else 0,
                "amount_refunded": 0,
                "refunded": False,
                "paid": paid,
                "status": "succeeded" if paid else "failed",
                "currency": currency,
                "customer": customer,
                "billing_details": self._billing_details(customer),
                "receipt_email": self._billing_details(customer)["email"],
                "payment_intent": intent_id,
                "metadata": dict(metadata),
                "created": self._now(),
            }
        )
        return intent, charge

    def _invoice(self, *, subscription: dict, paid: bool, reason: str) -> dict:
        amount = subscription["items"]["data"][0]["price"]["unit_amount"]
        currency = subscription["currency"]
        intent, _charge = self._payment(
            amount=amount,
            currency=currency,
            customer=subscription["customer"],
            metadata={},
            paid=paid,
        )
        invoice_id = self._new_id("in")
        now = self._now()
        billing = self._billing_details(subscription["customer"])
        invoice = self._store(
            {
                "id": invoice_id,
                "object": "invoice",
                "customer": subscription["customer"],
                "customer_email": billing["email"],
                "customer_name": billing["name"],
                "customer_address": billing["address"],
                "currency": currency,
                "amount_due": amount,
                "amount_paid": amount if paid else 0,
                "amount_remaining": 0 if paid else amount,
                "attempt_count": 1,
                "attempted": True,
                "billing_reason": reason,
                "status": "paid" if paid else "open",
                "status_transitions": {"paid_at": now if paid else None, "finalized_at": now},
                "parent": {
                    "type": "subscription_details",
                    "quote_details": None,
                    "subscription_details": {
                        "subscription": subscription["id"],
                        "metadata": dict(subscription["metadata"]),
                    },
                },
                "created": now,
                "livemode": False,
            }
        )
        self._store(
            {
                "id": self._new_id("inpay"),
                "object": "invoice_payment",
                "invoice": invoice_id,
                "amount_paid": amount if paid else None,
                "amount_requested": amount,
                "currency": currency,
                "is_default": True,
                "status": "paid" if paid else "open",
                "payment": {"type": "payment_intent", "payment_intent": intent["id"]},
                "created": now,
            }
        )
        with self._lock:
            subscription = self._state.objects[subscription["id"]]
            subscription["latest_invoice"] = invoice_id
        return invoice

    def complete_checkout(
        self,
        session_id: str,
        *,
        paid: bool = True,
        email: str = "donor@example.org",
        name: str = "A Donor",
    ) -> list[dict]:
        """The donor pays on Checkout. Returns the events Stripe sends, in Stripe's order.

        One-off: checkout.session.completed (paid, or unpaid for a delayed method).
        Monthly: invoice.paid for the first month, then checkout.session.completed.
        """
        with self._lock:
            session = self._state.objects[session_id]
        customer = self._customer(email, name)
        events: list[dict] = []
        updates: dict[str, Any] = {
            "status": "complete",
            "customer": customer["id"],
            "customer_details": {
                "address": dict(self.ADDRESS),
                "email": email,
                "name": name,
                "phone": None,
                "tax_exempt": "none",
                "tax_ids": [],
            },
        }
        if session["mode"] == "payment":
            metadata = session["_payment_intent_data"].get("metadata") or {}
            intent, _charge = self._payment(
                amount=session["amount_total"],
                currency=session["currency"],
                customer=customer["id"],
                metadata=metadata,
                paid=paid,
            )
            updates.update(payment_intent=intent["id"], payment_status="paid" if paid else "unpaid")
        else:
            subscription = self._store(
                {
                    "id": self._new_id("sub"),
                    "object": "subscription",
                    "customer": customer["id"],
                    "status": "active",
                    "currency": session["currency"],
                    "metadata": dict(session["_subscription_data"].get("metadata") or {}),
                    "items": {
                        "object": "list",
                        "data": [
                            {
                                "id": self._new_id("si"),
                                "object": "subscription_item",
                                "price": {
                                    "id": self._new_id("price"),
                                    "object": "price",
                                    "unit_amount": session["amount_total"],
                                    "currency": session["currency"],
                                    "recurring": {"interval": "month", "interval_count": 1},
                                },
                                "quantity": 1,
                            }
                        ],
                    },
                    "canceled_at": None,
                    "cancellation_details": {"comment": None, "feedback": None, "reason": None},
                    "ended_at": None,
                    "created": self._now(),
                }
            )
            invoice = self._invoice(
                subscription=subscription, paid=True, reason="subscription_create"
            )
            updates.update(
                subscription=subscription["id"], invoice=invoice["id"], payment_status="paid"
            )
            events.append(self.event("invoice.paid", invoice))
        with self._lock:
            session.update(updates)
        events.append(self.event("checkout.session.completed", session))
        return events

    def expire_checkout(self, session_id: str) -> dict:
        """The donor never pays: Stripe closes the session and says so."""
        with self._lock:
            session = self._state.objects[session_id]
            session.update(status="expired", url=None)
        return self.event("checkout.session.expired", session)

    def settle_async(self, session_id: str, *, succeeded: bool = True) -> dict:
        """A delayed payment (bank debit) on a completed one-off session succeeds or fails."""
        with self._lock:
            session = self._state.objects[session_id]
            intent = self._state.objects[session["payment_intent"]]
            charge = self._state.objects[intent["latest_charge"]]
            if succeeded:
                session["payment_status"] = "paid"
                intent.update(status="succeeded", amount_received=intent["amount"])
                charge.update(status="succeeded", paid=True, amount_captured=charge["amount"])
            else:
                intent["status"] = "requires_payment_method"
                charge.update(status="failed")
        kind = "succeeded" if succeeded else "failed"
        return self.event(f"checkout.session.async_payment_{kind}", session)

    def renew(self, subscription_id: str, *, paid: bool = True) -> dict:
        """A month goes by: Stripe bills the subscription again."""
        subscription = self.object(subscription_id)
        invoice = self._invoice(subscription=subscription, paid=paid, reason="subscription_cycle")
        return self.event("invoice.paid" if paid else "invoice.payment_failed", invoice)

    def retry_invoice_paid(self, invoice_id: str) -> dict:
        """Stripe's automatic retry of a failed month succeeds."""
        with self._lock:
            invoice = self._state.objects[invoice_id]
            invoice.update(
                status="paid",
                amount_paid=invoice["amount_due"],
                amount_remaining=0,
                attempt_count=invoice["attempt_count"] + 1,
            )
            invoice["status_transitions"]["paid_at"] = self._now()
            for obj in self._state.objects.values():
                if obj.get("object") == "invoice_payment" and obj["invoice"] == invoice_id:
                    obj.update(status="paid", amount_paid=invoice["amount_due"])
                    intent = self._state.objects[obj["payment"]["payment_intent"]]
                    intent.update(status="succeeded", amount_received=intent["amount"])
                    self._state.objects[intent["latest_charge"]].update(
                        status="succeeded", paid=True
                    )
        return self.event("invoice.paid", invoice)

    def refund(self, charge_id: str, amount: int | None = None) -> dict:
        """An editor refunds (part of) a charge in Stripe's dashboard."""
        with self._lock:
            charge = self._state.objects[charge_id]
            charge["amount_refunded"] = min(
                charge["amount"], charge["amount_refunded"] + (amount or charge["amount"])
            )
            charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        return self.event("charge.refunded", charge)

    def charge_for(self, *, session_id: str | None = None, invoice_id: str | None = None) -> str:
        """The charge behind a one-off session's payment, or behind a month's invoice."""
        with self._lock:
            if session_id:
                intent_id = self._state.objects[session_id]["payment_intent"]
            else:
                intent_id = next(
                    obj["payment"]["payment_intent"]
                    for obj in self._state.objects.values()
                    if obj.get("object") == "invoice_payment" and obj["invoice"] == invoice_id
                )
            return self._state.objects[intent_id]["latest_charge"]

    def cancel_subscription(self, subscription_id: str) -> dict:
        """The donor cancels in the customer portal."""
        now = self._now()
        with self._lock:
            subscription = self._state.objects[subscription_id]
            subscription.update(
                status="canceled",
                canceled_at=now,
                ended_at=now,
                cancellation_details={
                    "comment": None,
                    "feedback": None,
                    "reason": "cancellation_requested",
                },
            )
        return self.event("customer.subscription.deleted", subscription)

    def _cancel_subscription_by_api(self, subscription_id: str, params: dict) -> tuple[int, dict]:
        """DELETE /v1/subscriptions/{id}: ends it now. As from Stripe, a subscription that has
        already ended answers 404 "No such subscription" (it can still be retrieved)."""
        with self._lock:
            subscription = self._state.objects.get(subscription_id)
            if (
                subscription is None
                or subscription.get("object") != "subscription"
                or subscription["status"] in ("canceled", "incomplete_expired")
            ):
                return self._missing("subscription", subscription_id)
        self.cancel_subscription(subscription_id)
        with self._lock:
            details = subscription["cancellation_details"]
            details["comment"] = (params.get("cancellation_details") or {}).get("comment")
            return 200, copy.deepcopy(subscription)

    def subscriptions_billing(self) -> list[str]:
        """The subscriptions Stripe would still charge next month."""
        return [
            sub["id"]
            for sub in self.objects_of("subscription")
            if sub["status"] not in ("canceled", "incomplete_expired")
        ]

    def requests_to(self, method: str, path_prefix: str) -> list[Request]:
        with self._lock:
            return [
                r for r in self.requests if r.method == method and r.path.startswith(path_prefix)
            ]


def main() -> None:
    """Serve the fake until interrupted (`make stack` runs one):

    .venv/bin/python -m tests.fakes.stripe --host 127.0.0.1 --port 8322
    """
    import argparse

    parser = argparse.ArgumentParser(description="A fake Stripe API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    fake = FakeStripe().start(args.host, args.port)
    print(f"STRIPE_API_BASE={fake.url}")
    print(f"STRIPE_SECRET_KEY={SECRET_KEY}")
    print(f"STRIPE_WEBHOOK_SECRET={WEBHOOK_SECRET}")
    try:
        fake._thread.join()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
