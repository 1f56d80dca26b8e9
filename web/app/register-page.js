// Create an account, then sign straight in with it.
import { el } from './element-builder.js';
import {
  formAlert,
  missingRequiredFields,
  setFormBusy,
  showFormErrors,
  textField,
} from './form-fields.js';
import { pageHeading } from './page-heading.js';
import { flashAfterNavigation } from './page-notices.js';
import { navigate } from './router.js';
import { nextPathFrom } from './safe-redirect.js';
import { currentUser, register, signIn } from './session.js';

const MIN_PASSWORD_LENGTH = 8;

/** Renders the registration page. */
export function registerPage({ outlet, query }) {
  const next = nextPathFrom(query);
  if (currentUser()) {
    return navigate(next, { replace: true });
  }
  const form = el(
    'form',
    { class: 'card form-card', novalidate: true, 'aria-labelledby': 'register-heading' },
    formAlert(),
    textField({ name: 'name', label: 'Name', autocomplete: 'name', required: true }),
    textField({
      name: 'email',
      label: 'Email',
      type: 'email',
      autocomplete: 'email',
      required: true,
    }),
    textField({
      name: 'password',
      label: 'Password',
      type: 'password',
      autocomplete: 'new-password',
      hint: `At least ${MIN_PASSWORD_LENGTH} characters.`,
      required: true,
    }),
    el('button', { type: 'submit', class: 'button button-block' }, 'Create account'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = missingRequiredFields(form);
    const password = form.elements.password.value;
    if (password && password.length < MIN_PASSWORD_LENGTH) {
      errors.push({
        path: 'password',
        message: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
      });
    }
    if (errors.length) {
      showFormErrors(form, { summary: 'Check the highlighted fields.', errors });
      return;
    }
    const email = form.elements.email.value.trim();
    setFormBusy(form, true);
    let user;
    try {
      user = await register(form.elements.name.value.trim(), email, password);
    } catch (error) {
      setFormBusy(form, false);
      showFormErrors(form, error);
      return;
    }
    try {
      await signIn(email, password);
    } catch {
      // The account exists; only the automatic sign-in failed (e.g. throttled), so ask to sign in.
      flashAfterNavigation('Your account was created. Please sign in.');
      await navigate(next === '/' ? '/login' : `/login?${new URLSearchParams({ next })}`);
      return;
    }
    flashAfterNavigation(`Welcome, ${user.name}! Your account is ready.`);
    await navigate(next);
  });
  const loginHref = next === '/' ? '/login' : `/login?${new URLSearchParams({ next })}`;
  outlet.append(
    el(
      'div',
      { class: 'narrow' },
      pageHeading('Create an account', { id: 'register-heading' }),
      form,
      el(
        'p',
        { class: 'form-footer' },
        'Already registered? ',
        el('a', { href: loginHref }, 'Sign in'),
      ),
    ),
  );
  return undefined;
}
