import type { BookCatalogRepository } from './repositories/book-catalog-repository';
import type { PageCache } from './page-cache';
import type { CategoryListRepository } from './repositories/category-list-repository';
import type { DeliveryProviderListRepository } from './repositories/delivery-provider-list-repository';

/** What the catalog use cases read from; built once per container by createCatalogApp. */
export interface CatalogContext {
  books: BookCatalogRepository;
  categories: CategoryListRepository;
  deliveryProviders: DeliveryProviderListRepository;
  pages: PageCache;
  /** The shop's country (SHOP_COUNTRY): national providers deliver only within it. */
  shopCountry: string;
}
