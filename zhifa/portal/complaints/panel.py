"""The read-only block on a clue's page (zhifa.clues.hooks): the complaint's public channel, its
Open311 request number, photos and the reporter's satisfaction rating. Called after the clue page
authorised the user for the clue; the rating comment, the reporter's own words, is redacted of the
reporters' identity for users who may not see the reporters."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from zhifa.clues.selectors import can_view_reporter, redact_reporters, reporters_reached

from .selectors import complaint_for_clue


def clue_panel(request: Any, clue: Any) -> str:
    complaint = complaint_for_clue(clue)
    if complaint is None:
        return ""
    comment = complaint.rating_comment
    if comment and not can_view_reporter(request.user, clue):
        comment = redact_reporters(comment, reporters_reached(clue))
    channel = complaint.get_source_display()
    if complaint.client is not None:
        channel = f"{channel}：{complaint.client.name}"
    return render_to_string(
        "complaints/_clue_panel.html",
        {"complaint": complaint, "channel": channel, "comment": comment, "photos": complaint.photos.all()},
        request=request,
    )
