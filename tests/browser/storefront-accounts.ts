import type { Page } from 'playwright-core';

export interface Account {
  name: string;
  email: string;
  password: string;
}

/** Fills and sends the storefront's register form; waiting for the outcome is the caller's. */
export async function submitRegisterForm(page: Page, account: Account): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Creates an account through the register page; resolves once the header shows it signed in. */
export async function registerInStorefront(page: Page, account: Account): Promise<void> {
  await submitRegisterForm(page, account);
  await page.getByTestId('current-user').waitFor();
}

/** Fills and sends the storefront's sign-in form; waiting for the outcome is the caller's. */
export async function submitSignInForm(
  page: Page,
  account: Pick<Account, 'email' | 'password'>,
): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the sign-in page; resolves once the header shows the account signed in. */
export async function signInToStorefront(
  page: Page,
  account: Pick<Account, 'email' | 'password'>,
): Promise<void> {
  await submitSignInForm(page, account);
  await page.getByTestId('current-user').waitFor();
}
