/** A session ends after this many hours without a request (the cookie's and the store's lifetime). */
export const SESSION_HOURS = 12;
