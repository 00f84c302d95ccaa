"""The legal app's API router (mounted at /api/legal/ by config/api.py); one sub-router per area."""

from ninja import Router

from .laws import router as laws_router

router = Router()
router.add_router("/laws", laws_router)
