"""The Checklist section: the pre-departure checklist for the worker's
corridor, the job-offer check, the recruitment-cost ledger and a summary to
keep. Its strings form the "checklist" catalog domain."""
