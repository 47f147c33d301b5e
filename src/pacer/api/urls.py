from ninja import NinjaAPI

api = NinjaAPI(title="Pacer API", version="1", urls_namespace="api")
