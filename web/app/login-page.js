// Sign in with email and password; afterwards go back to the page that asked for it (?next=).
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
import { currentUser, signIn } from './session.js';

/** Renders the sign-in page. */
export function loginPage({ outlet, query }) {
  const next = nextPathFrom(query);
  if (currentUser()) {
    return navigate(next, { replace: true });
  }
  const form = el(
    'form',
    { class: 'card form-card', novalidate: true, 'aria-labelledby': 'login-heading' },
    formAlert(),
    textField({
      name: 'email',
      label: 'Email',
      type: 'email',
      autocomplete: 'username',
      required: true,
    }),
    textField({
      name: 'password',
      label: 'Password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    }),
    el('button', { type: 'submit', class: 'button button-block' }, 'Sign in'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = missingRequiredFields(form);
    if (missing.length) {
      showFormErrors(form, { summary: 'Enter your email and password.', errors: missing });
      return;
    }
    setFormBusy(form, true);
    try {
      const user = await signIn(form.elements.email.value.trim(), form.elements.password.value);
      flashAfterNavigation(`Welcome back, ${user.name}.`);
      await navigate(next);
    } catch (error) {
      setFormBusy(form, false);
      form.elements.password.value = '';
      showFormErrors(form, error);
    }
  });
  const registerHref = next === '/' ? '/register' : `/register?${new URLSearchParams({ next })}`;
  outlet.append(
    el(
      'div',
      { class: 'narrow' },
      pageHeading('Sign in', { id: 'login-heading' }),
      form,
      el(
        'p',
        { class: 'form-footer' },
        'New here? ',
        el('a', { href: registerHref }, 'Create an account'),
      ),
    ),
  );
  return undefined;
}
