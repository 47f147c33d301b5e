"""Forms of the import page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("数据文件"),
        help_text=_(".xlsx 工作簿（每个工作表一种数据），或装有 CSV 文件的 .zip 压缩包"),
    )
    mapping = forms.FileField(
        label=_("映射文件（可选）"),
        required=False,
        help_text=_("导入其他系统的导出文件时使用：.toml 或 .yaml"),
    )


class ConfirmForm(forms.Form):
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
