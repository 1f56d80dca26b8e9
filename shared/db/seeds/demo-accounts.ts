/** What a demo account is for, in the words the README and the start-up banner use. */
export type DemoRole = 'seller' | 'buyer' | 'admin';

export interface DemoAccount {
  role: DemoRole;
  name: string;
  email: string;
  password: string;
}

/**
 * The demo accounts `npm start` and `npm run seed` create and print; local use only. Apart from the
 * seeding (which needs sharp for the covers) so the OpenAPI examples can name them.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    role: 'seller',
    name: 'Demo Seller',
    email: 'seller@bookstore.local',
    password: 'seller-demo-password',
  },
  {
    role: 'buyer',
    name: 'Demo Buyer',
    email: 'buyer@bookstore.local',
    password: 'buyer-demo-password',
  },
  {
    role: 'admin',
    name: 'Demo Admin',
    email: 'admin@bookstore.local',
    password: 'admin-demo-password',
  },
];
