"""Django admin for parties: read-only and masked (writes go through the audited services;
ciphertexts and blind indexes are never shown)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.core.identifiers import mask_address, mask_name, mask_phone

from .models import Party

HIDDEN = ("id_number_cipher", "id_number_index", "legal_rep_id_cipher", "legal_rep_id_index")


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "masked_name",
        "kind",
        "uscc",
        "id_number_masked",
        "region_code",
        "enterprise_status",
        "source",
        "status",
        "organisation",
    )
    list_filter = ("kind", "status", "source", "enterprise_status")
    search_fields = ("=uscc", "=business_reg_no", "=org_code")
    list_select_related = ("organisation",)
    show_full_result_count = False
    exclude = HIDDEN
    readonly_fields = (
        "kind",
        "masked_name",
        "uscc",
        "business_reg_no",
        "org_code",
        "tax_reg_no",
        "institution_cert_no",
        "social_org_reg_no",
        "id_type",
        "id_number_masked",
        "legal_rep_name",
        "legal_rep_id_type",
        "legal_rep_id_masked",
        "masked_address",
        "masked_phone",
        "region_code",
        "registration_authority",
        "industry_code",
        "enterprise_status",
        "source",
        "status",
        "merged_into",
        "organisation",
        "created_by",
        "created_at",
    )
    fields = readonly_fields

    @admin.display(description="名称/姓名")
    def masked_name(self, obj: Party) -> str:
        return mask_name(obj.name) if obj.is_natural_person else obj.name

    @admin.display(description="住所/地址")
    def masked_address(self, obj: Party) -> str:
        return mask_address(obj.address) if obj.is_natural_person else obj.address

    @admin.display(description="联系电话")
    def masked_phone(self, obj: Party) -> str:
        return mask_phone(obj.phone)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer(*HIDDEN)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
