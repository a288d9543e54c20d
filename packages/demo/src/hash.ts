/** A map view as kept in the URL hash: `#zoom/lat/lng`. */
export interface HashView {
  zoom: number;
  lat: number;
  lng: number;
}

/** Parses `#14/60.17000/24.94400`; `undefined` for anything else, so a bad hash falls back to the default view. */
export function parseHash(hash: string): HashView | undefined {
  const parts = hash.replace(/^#/, '').split('/');
  if (parts.length !== 3) return undefined;
  const [zoom, lat, lng] = parts.map(Number) as [number, number, number];
  if (![zoom, lat, lng].every(Number.isFinite)) return undefined;
  if (zoom < 0 || zoom > 24 || Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  return { zoom, lat, lng };
}

/** Formats a view with a precision that suits the zoom (about one pixel). */
export function formatHash({ zoom, lat, lng }: HashView): string {
  const digits = Math.max(0, Math.ceil(Math.log10(2 ** Math.round(zoom))));
  return `#${Math.round(zoom)}/${lat.toFixed(digits)}/${lng.toFixed(digits)}`;
}
