import { pageParams, querySchema } from '../http/request-inputs';

/** GET /api/v1/me/sales: a page of the caller's sales. */
export const mySalesQuerySchema = querySchema(pageParams);
