"""Master data: readable by every logged-in caller, written by directors and admins only."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import PatchDict, Query, Router, Status
from ninja.pagination import paginate

from pacer.api.auth import actor_of
from pacer.api.pagination import Pagination
from pacer.api.schemas.common import PathId
from pacer.api.schemas.master import (
    IndustryIn,
    IndustryOut,
    ProductFilter,
    ProductIn,
    ProductLineIn,
    ProductLineOut,
    ProductOut,
    RegionIn,
    RegionOut,
)
from pacer.api.services import master as services
from pacer.crm.models import Industry, Product, ProductLine, Region

router = Router(tags=["master data"])


# -- industries --------------------------------------------------------------------------------


@router.get("/industries", response=list[IndustryOut])
@paginate(Pagination)
def industry_list(request: HttpRequest) -> QuerySet[Industry]:  # noqa: ARG001
    return Industry.objects.order_by("code", "pk")


@router.get("/industries/{industry_id}", response=IndustryOut)
def industry_detail(request: HttpRequest, industry_id: PathId) -> Industry:  # noqa: ARG001
    return get_object_or_404(Industry, pk=industry_id)


@router.post("/industries", response={201: IndustryOut})
def industry_create(request: HttpRequest, payload: IndustryIn) -> Status[Industry]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, services.industry_create(actor=actor_of(request), data=data))


@router.patch("/industries/{industry_id}", response=IndustryOut)
def industry_update(
    request: HttpRequest, industry_id: PathId, payload: PatchDict[IndustryIn]
) -> Industry:
    industry = get_object_or_404(Industry, pk=industry_id)
    return services.industry_update(actor=actor_of(request), industry=industry, data=payload)


@router.delete("/industries/{industry_id}", response={204: None})
def industry_delete(request: HttpRequest, industry_id: PathId) -> Status[None]:
    industry = get_object_or_404(Industry, pk=industry_id)
    services.industry_delete(actor=actor_of(request), industry=industry)
    return Status(204, None)


# -- regions -----------------------------------------------------------------------------------


@router.get("/regions", response=list[RegionOut])
@paginate(Pagination)
def region_list(request: HttpRequest) -> QuerySet[Region]:  # noqa: ARG001
    return Region.objects.order_by("code", "pk")


@router.get("/regions/{region_id}", response=RegionOut)
def region_detail(request: HttpRequest, region_id: PathId) -> Region:  # noqa: ARG001
    return get_object_or_404(Region, pk=region_id)


@router.post("/regions", response={201: RegionOut})
def region_create(request: HttpRequest, payload: RegionIn) -> Status[Region]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, services.region_create(actor=actor_of(request), data=data))


@router.patch("/regions/{region_id}", response=RegionOut)
def region_update(request: HttpRequest, region_id: PathId, payload: PatchDict[RegionIn]) -> Region:
    region = get_object_or_404(Region, pk=region_id)
    return services.region_update(actor=actor_of(request), region=region, data=payload)


@router.delete("/regions/{region_id}", response={204: None})
def region_delete(request: HttpRequest, region_id: PathId) -> Status[None]:
    region = get_object_or_404(Region, pk=region_id)
    services.region_delete(actor=actor_of(request), region=region)
    return Status(204, None)


# -- product lines -----------------------------------------------------------------------------


@router.get("/product-lines", response=list[ProductLineOut])
@paginate(Pagination)
def product_line_list(request: HttpRequest) -> QuerySet[ProductLine]:  # noqa: ARG001
    return ProductLine.objects.order_by("code", "pk")


@router.get("/product-lines/{product_line_id}", response=ProductLineOut)
def product_line_detail(request: HttpRequest, product_line_id: PathId) -> ProductLine:  # noqa: ARG001
    return get_object_or_404(ProductLine, pk=product_line_id)


@router.post("/product-lines", response={201: ProductLineOut})
def product_line_create(request: HttpRequest, payload: ProductLineIn) -> Status[ProductLine]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, services.product_line_create(actor=actor_of(request), data=data))


@router.patch("/product-lines/{product_line_id}", response=ProductLineOut)
def product_line_update(
    request: HttpRequest, product_line_id: PathId, payload: PatchDict[ProductLineIn]
) -> ProductLine:
    line = get_object_or_404(ProductLine, pk=product_line_id)
    return services.product_line_update(actor=actor_of(request), product_line=line, data=payload)


@router.delete("/product-lines/{product_line_id}", response={204: None})
def product_line_delete(request: HttpRequest, product_line_id: PathId) -> Status[None]:
    line = get_object_or_404(ProductLine, pk=product_line_id)
    services.product_line_delete(actor=actor_of(request), product_line=line)
    return Status(204, None)


# -- products ----------------------------------------------------------------------------------


@router.get("/products", response=list[ProductOut])
@paginate(Pagination)
def product_list(request: HttpRequest, filters: Query[ProductFilter]) -> QuerySet[Product]:  # noqa: ARG001
    products = Product.objects.order_by("code", "pk")
    if filters.product_line_id is not None:
        products = products.filter(product_line_id=filters.product_line_id)
    if filters.is_new_product is not None:
        products = products.filter(is_new_product=filters.is_new_product)
    return products


@router.get("/products/{product_id}", response=ProductOut)
def product_detail(request: HttpRequest, product_id: PathId) -> Product:  # noqa: ARG001
    return get_object_or_404(Product, pk=product_id)


@router.post("/products", response={201: ProductOut})
def product_create(request: HttpRequest, payload: ProductIn) -> Status[Product]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, services.product_create(actor=actor_of(request), data=data))


@router.patch("/products/{product_id}", response=ProductOut)
def product_update(
    request: HttpRequest, product_id: PathId, payload: PatchDict[ProductIn]
) -> Product:
    product = get_object_or_404(Product, pk=product_id)
    return services.product_update(actor=actor_of(request), product=product, data=payload)


@router.delete("/products/{product_id}", response={204: None})
def product_delete(request: HttpRequest, product_id: PathId) -> Status[None]:
    product = get_object_or_404(Product, pk=product_id)
    services.product_delete(actor=actor_of(request), product=product)
    return Status(204, None)
