import { PsChart } from './chart.component';

export { PsChart };

if (!customElements.get('ps-chart')) customElements.define('ps-chart', PsChart);

declare global {
  interface HTMLElementTagNameMap {
    'ps-chart': PsChart;
  }
}
