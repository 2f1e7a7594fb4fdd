"""Personal data in text: the e-mail addresses of people, as stored outputs leak them (printed user
tables, `git log`, logged requests), told apart from documentation, role mailboxes and package metadata."""

import re

_EMAIL = re.compile(r"(?<![\w.+\-@/])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@(?P<domain>[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
                    r"\.(?P<tld>[A-Za-z]{2,12}))\b(?![.\-@(])")
_NOT_A_TLD = frozenset({"png", "jpg", "jpeg", "gif", "svg", "py", "ipynb", "csv", "txt", "json", "html", "htm",
                        "js", "css", "pdf", "pkl", "zip", "gz", "md", "rst", "yml", "yaml", "xml", "whl", "so", "dll"})
_PUBLIC_DOMAINS = re.compile(
    r"(?i)(?:^|\.)(?:example\.(?:com|org|net)|test|invalid|localhost|local|domain\.com|email\.com|mail\.com"
    r"|users\.noreply\.github\.com|noreply\.github\.com|python\.org|anaconda\.com|continuum\.io)$"
)
# Addresses of roles and mailing lists, not of a person.
_ROLE_MAILBOX = re.compile(
    r"(?i)^(?:.*[-_.+])?(?:unsubscribe|subscribe|noreply|no-reply|donotreply|do-not-reply|mailer-daemon|postmaster"
    r"|webmaster|hostmaster|info|support|help|helpdesk|admin|sales|contact|abuse|owner|bounces?|request|listserv"
    r"|majordomo|newsletter|feedback|security|privacy|press|team|hello|office|jobs|careers)$"
)
# Maintainer addresses printed by pip and package metadata are public, not personal data of the users.
_PACKAGE_METADATA = re.compile(r"(?i)(?:author|maintainer)[-_ ]?e?mail\W{0,4}$|<?mailto:$|\bReport bugs to\W*$")


def find_emails(text: str) -> list[str]:
    """E-mail addresses of people in text, leaving out documentation domains and package metadata."""
    if "@" not in text:
        return []
    found = []
    for match in _EMAIL.finditer(text):
        domain = match.group("domain")
        if match.group("tld").lower() in _NOT_A_TLD or _PUBLIC_DOMAINS.search(domain):
            continue
        if len(domain.split(".")[-2]) == 1 or _ROLE_MAILBOX.match(match.group(0).split("@")[0]):
            continue  # a@b.com in tests and docs; lists and help desks are not personal data
        if _PACKAGE_METADATA.search(text[max(0, match.start() - 30):match.start()]):
            continue
        found.append(match.group(0))
    return found
