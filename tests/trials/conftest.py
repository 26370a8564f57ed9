from tests.trials.fixtures import fake_rules, tracker

__all__ = ["fake_rules", "tracker"]
