"""The council's periodic work: action reminders (registered in the database schedule by
migration 0003)."""

from celery import shared_task


@shared_task
def remind_actions() -> int:
    from medhub.council.services import remind_due_actions

    return remind_due_actions()
