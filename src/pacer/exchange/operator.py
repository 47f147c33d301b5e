"""Who acts when Pacer is run from the shell: the operator of the installation.

Whoever runs ``pacer import`` or ``pacer export`` on the server already holds the database, so
the commands act with an administrator's rights and scope.
"""

from __future__ import annotations

from pacer.access import Actor
from pacer.org.models import AccessRole, DataScope

OPERATOR = Actor(
    user_id=None, person_id=None, role=AccessRole.ADMIN, scope=DataScope.ALL, people=None
)
