/** The token travels in the fragment, which browsers never send to a server or put in logs. */
export const portalLink = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/portal/#token=${token}`;
