// Where to go after signing in. Only same-site paths are accepted, so a crafted
// /login?next=https://evil.example link cannot send someone elsewhere.

/** The `next` query parameter if it is a local path ("/orders/3"), else "/". */
export function nextPathFrom(query) {
  const next = query.get('next') ?? '';
  const local = next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
  return local && !next.startsWith('/login') && !next.startsWith('/register') ? next : '/';
}
