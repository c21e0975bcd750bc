"""Azure tag rules: limits and the characters Azure refuses in tag names.

Pure logic (no Pulumi import).

Examples:
    >>> from iaccore.core.metadata.tags import sanitize_tags
    >>> sanitize_tags({"a/b": "x"}, AZURE_TAG_RULES).tags
    {'a_b': 'x'}
"""

from __future__ import annotations

from iaccore.core.metadata.tags import TagEdit, TagRules, replace_chars, shorten_name

__all__ = [
    "AZURE_FORBIDDEN_NAME_CHARS",
    "AZURE_MAX_NAME_LENGTH",
    "AZURE_MAX_TAGS",
    "AZURE_MAX_VALUE_LENGTH",
    "AZURE_TAG_RULES",
]

# Azure: "Use tags to organize your Azure resources - Limitations"
# https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
# Max 50 tag name/value pairs per resource; name up to 512 characters, value up to 256;
# names can't contain < > % & \ ? / ; tag names are case-insensitive.
AZURE_MAX_TAGS = 50
AZURE_MAX_NAME_LENGTH = 512
AZURE_MAX_VALUE_LENGTH = 256
AZURE_FORBIDDEN_NAME_CHARS = frozenset("<>%&\\?/")


def _allowed(char: str) -> bool:
    return char not in AZURE_FORBIDDEN_NAME_CHARS


def _normalize(key: str, value: str, kedit: TagEdit, vedit: TagEdit) -> tuple[str, str]:
    key = kedit.apply(key, replace_chars(key, _allowed), "replaced invalid characters")
    key = kedit.apply(
        key, shorten_name(key, AZURE_MAX_NAME_LENGTH), f"shortened to {AZURE_MAX_NAME_LENGTH}"
    )
    value = vedit.apply(
        value,
        shorten_name(value, AZURE_MAX_VALUE_LENGTH),
        f"shortened to {AZURE_MAX_VALUE_LENGTH}",
    )
    return key, value


#: Tag rules of Azure resources (tag names are case-insensitive).
AZURE_TAG_RULES = TagRules(
    name="azure", normalize=_normalize, max_tags=AZURE_MAX_TAGS, case_insensitive_keys=True
)
