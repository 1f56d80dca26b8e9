import { z } from 'zod';
import { idSchema } from '../../shared/http/request-inputs';

/** POST /api/v1/orders/{id}/delivery. */
export const assignDeliverySchema = z.strictObject({ providerId: idSchema });
export type AssignDeliveryInput = z.infer<typeof assignDeliverySchema>;
