"""法律法规库 API: /api/legal/laws/…"""

from ninja import Router

router = Router(tags=["法律法规库"])
