from .clients import open311_client_issue_key, open311_client_save
from .rating import complaint_rate
from .submit import ContactInput, Submitted, complaint_check, complaint_submit

__all__ = [
    "ContactInput",
    "Submitted",
    "complaint_check",
    "complaint_rate",
    "complaint_submit",
    "open311_client_issue_key",
    "open311_client_save",
]
