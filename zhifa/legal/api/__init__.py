"""The legal app's API router (mounted at /api/legal/ by config/api.py); one sub-router per area."""

from ninja import Router

from .discretion import router as discretion_router
from .laws import router as laws_router
from .powers import router as powers_router

router = Router()
router.add_router("/laws", laws_router)
router.add_router("/powers", powers_router)
router.add_router("/discretion", discretion_router)
