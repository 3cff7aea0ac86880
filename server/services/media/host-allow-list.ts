/** Host names exactly ("images.example.com") or a domain's subdomains ("*.example.com"). */
export type THostAllowList = { exact: ReadonlySet<string>; suffixes: readonly string[] };

export function parseHostAllowList(value: string | undefined): THostAllowList {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase().replace(/\.$/, ''))
    .filter((entry) => entry.length > 0);
  return {
    exact: new Set(entries.filter((entry) => !entry.startsWith('*.'))),
    suffixes: entries.filter((entry) => entry.startsWith('*.')).map((entry) => entry.slice(1)),
  };
}

export function isHostAllowed(list: THostAllowList, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return list.exact.has(host) || list.suffixes.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
}

export function isAllowListEmpty(list: THostAllowList): boolean {
  return list.exact.size === 0 && list.suffixes.length === 0;
}
