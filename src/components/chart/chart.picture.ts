/**
 * <ps-chart> as a picture: the drawn SVG on its own, with the colours its marks take from the
 * element's styles written into it (outside the shadow root `currentColor` means nothing), and
 * a caption that names every series with its device and the dates measured. PNG is that SVG
 * drawn on a canvas at twice its size.
 */

import type { ChartData } from './chart.data';

const LINE = 16;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** The caption's lines: one per legend entry, then where and when. */
export function captionLines(data: ChartData, dates: readonly string[]): string[] {
  const when =
    dates.length === 0 ? '' : dates.length === 1 ? dates[0]! : `${dates[0]} to ${dates.at(-1)}`;
  return [
    ...data.legend.map(
      (e) =>
        `${e.label}${e.device ? ` · ${e.device}` : ''}: ${e.detail}${e.hidden ? ' (hidden)' : ''}`,
    ),
    `${data.title}. Measured ${when} · paramscope`,
  ];
}

/**
 * A standalone copy of `drawn` (an SVG in the element's shadow root, so its computed styles
 * are the element's), `lines` below it.
 */
export function pictureSvg(drawn: SVGSVGElement, lines: readonly string[]): string {
  const copy = drawn.cloneNode(true) as SVGSVGElement;
  const from = [drawn, ...drawn.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  for (const [i, original] of from.entries()) {
    const style = getComputedStyle(original);
    const target = to[i] as SVGElement;
    target.style.color = style.color;
    if (original === drawn) {
      target.style.fontFamily = style.fontFamily;
      target.style.fontSize = style.fontSize;
    }
  }
  const width = Number(drawn.getAttribute('width')) || drawn.viewBox.baseVal.width;
  const height = Number(drawn.getAttribute('height')) || drawn.viewBox.baseVal.height;
  const total = height + 12 + LINE * lines.length;
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(total));
  copy.setAttribute('viewBox', `0 0 ${width} ${total}`);
  copy.style.background = getComputedStyle(drawn).backgroundColor;
  const caption = document.createElementNS(SVG_NS, 'g');
  caption.setAttribute('class', 'caption');
  caption.setAttribute('font-size', '12');
  caption.setAttribute('fill', getComputedStyle(drawn).color);
  for (const [i, line] of lines.entries()) {
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', '8');
    text.setAttribute('y', String(height + 12 + LINE * i + 12));
    text.textContent = line;
    caption.append(text);
  }
  copy.append(caption);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** The SVG text drawn on a white canvas at `scale`× its size, as a PNG. */
export async function pictureBlobPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth * scale;
    canvas.height = image.naturalHeight * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser gives no 2D canvas to draw the PNG on');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Hands `blob` to the browser as a download called `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
