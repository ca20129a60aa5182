"""azure-identity credentials, sync and aio: the chat service's shape (a
credential made for a client and never closed) and its fixes."""
from azure.identity import DefaultAzureCredential as SyncCredential
from azure.identity.aio import DefaultAzureCredential, get_bearer_token_provider
from azure.identity.aio import ManagedIdentityCredential


class Settings:
    key = None


settings = Settings()


class Store:
    """Keeps the credential it is given and never closes it."""

    def __init__(self, endpoint, credential, name=None):
        self.endpoint = endpoint
        self.credential = credential
        self.name = name


# the incident: a credential made when there is no key, handed to a client
# that does not close it, and never closed
def leak_init_client(endpoint):
    client = None
    if not settings.key:
        credential = DefaultAzureCredential()
    else:
        credential = settings.key
    client = Store(endpoint=endpoint, credential=credential, name="db")
    return client  # expect: leak.credential


# the fix: the credential is closed when the block ends
async def clean_init_client(endpoint):
    async with DefaultAzureCredential() as cred:
        client = Store(endpoint, cred)
        await client_ready(client)
    return client


async def client_ready(client):
    return client is not None


# a token provider keeps the credential but cannot close it
def leak_token_provider():
    provider = get_bearer_token_provider(  # expect: leak.credential
        ManagedIdentityCredential(), "https://cognitiveservices.azure.com/.default"
    )
    return provider


# with the credential closed by async with
async def clean_token_provider():
    async with ManagedIdentityCredential() as credential:
        provider = get_bearer_token_provider(credential, "scope")
        return await provider()


# the sync credential closes its transport with close()
def clean_sync_close(scope):
    cred = SyncCredential()
    try:
        return cred.get_token(scope)
    finally:
        cred.close()


# ...and leaks without it when the token is missing
def leak_sync(scope):
    cred = SyncCredential()
    token = cred.get_token(scope)
    if token is None:
        return None  # expect: leak.credential
    cred.close()
    return token
