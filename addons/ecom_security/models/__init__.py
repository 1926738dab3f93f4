from . import res_groups
from . import res_users
from . import res_authentication_attempt
from . import res_users_authenticator_create
