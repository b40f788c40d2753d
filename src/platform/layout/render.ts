import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/** Renders a page to HTML; text and attributes are escaped by preact-render-to-string. */
export function renderDocument(page: VNode): string {
  return `<!DOCTYPE html>${render(page)}`;
}
