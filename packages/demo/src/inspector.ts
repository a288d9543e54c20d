import type { FeatureEvent, TileFeature } from '@org/map-sdk';

/**
 * The feature inspector panel: shows the properties of the features under a
 * click (topmost first). The panel is `#inspector` in index.html; its
 * `data-count` attribute holds the number of features shown.
 */
export function createInspector(panel: HTMLElement): (event: FeatureEvent) => void {
  const body = panel.querySelector<HTMLElement>('.inspector-body')!;
  panel.querySelector('button.close')?.addEventListener('click', () => {
    panel.hidden = true;
  });
  return ({ features }: FeatureEvent) => {
    body.replaceChildren(...(features.length ? features.slice(0, 5).map(describe) : [note('Nothing here. Click a street, a building or a park.')]));
    panel.dataset.count = String(features.length);
    panel.hidden = false;
  };
}

function describe(feature: TileFeature): HTMLElement {
  const section = document.createElement('section');
  const title = document.createElement('h3');
  title.textContent = `${feature.layer} · ${feature.type}${feature.id !== undefined ? ` #${feature.id}` : ''}`;
  const table = document.createElement('table');
  for (const [key, value] of Object.entries(feature.properties)) {
    const row = table.insertRow();
    row.insertCell().textContent = key;
    row.insertCell().textContent = String(value);
  }
  section.append(title, table);
  return section;
}

function note(text: string): HTMLElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}
