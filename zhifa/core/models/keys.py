from __future__ import annotations

from django.db import models
from django.utils import timezone


class SigningKey(models.Model):
    """An SM2 key pair of this installation, used when settings.ZHIFA_SM2_PRIVATE_KEY is empty.

    The private key is stored SM4-GCM encrypted under settings.ZHIFA_FIELD_KEY (see
    `zhifa.core.gm.installation_sm2_keypair`); the public key is stored in clear (64-byte x||y, hex).
    """

    name = models.CharField("名称", max_length=32, unique=True)
    public_key = models.CharField("公钥", max_length=130)
    private_key_encrypted = models.TextField("私钥密文")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "签名密钥"
        verbose_name_plural = "签名密钥"

    def __str__(self) -> str:
        return f"{self.name} {self.public_key[:16]}…"
