"""The worker's answers to the job-offer check, kept on the device so the
summary can show them and the worker can come back to them."""

from __future__ import annotations

import json

from app.core.job_offer import Answer, Question
from app.store.store import Store

KEY = "offer.answers"


class OfferStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def answers(self) -> dict[Question, Answer]:
        raw = self.store.get_setting(KEY)
        try:
            data = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            return {}
        known_q = {q.value for q in Question}
        known_a = {a.value for a in Answer}
        return {Question(q): Answer(a) for q, a in data.items() if q in known_q and a in known_a}

    def set_answer(self, question: Question, answer: Answer) -> None:
        data = {q.value: a.value for q, a in self.answers().items()}
        data[question.value] = answer.value
        self.store.set_setting(KEY, json.dumps(data, sort_keys=True))

    def clear(self) -> None:
        self.store.set_setting(KEY, "{}")

    def forget(self) -> None:
        """No answers, and no empty record of any either."""
        with self.store.lock:
            self.store.conn.execute("delete from settings where key = ?", [KEY])
