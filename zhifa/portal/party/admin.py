from django.contrib import admin

from .models import ElectronicServiceConsent, PartyAccess, PartyDocumentRead, PartyRequest, PartySession


class ReadOnly(admin.ModelAdmin):
    """Records of what parties did: seen in the admin, changed only through the services (audited)."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(PartyAccess)
class PartyAccessAdmin(ReadOnly):
    list_display = ("case", "generation", "issued_at", "last_login_at")
    exclude = ("code_hash", "code_cipher")
    raw_id_fields = ("case", "party")


@admin.register(PartySession)
class PartySessionAdmin(ReadOnly):
    list_display = ("access", "created_at", "last_seen_at", "ended_at", "end_reason")
    exclude = ("key_digest",)


@admin.register(ElectronicServiceConsent)
class ElectronicServiceConsentAdmin(ReadOnly):
    list_display = ("case", "channel", "given_at", "withdrawn_at")


@admin.register(PartyRequest)
class PartyRequestAdmin(ReadOnly):
    list_display = ("case", "kind", "submitted_at")
    list_filter = ("kind",)


@admin.register(PartyDocumentRead)
class PartyDocumentReadAdmin(ReadOnly):
    list_display = ("access", "document", "first_read_at", "read_count")
