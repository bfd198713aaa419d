/**
 * A fetch that counts the bytes of every body it reads: what the readers of headers report as
 * the cost of knowing a model. Each body is read whole here to be counted — these are
 * listings, headers and single ranges, never weights.
 */
export function countingFetch(fetchImpl: typeof fetch) {
  const counter = { bytesRead: 0, fetch: undefined as unknown as typeof fetch };
  counter.fetch = async (input, init) => {
    const response = await fetchImpl(input, init);
    const body = init?.method === 'HEAD' ? null : await response.arrayBuffer();
    counter.bytesRead += body?.byteLength ?? 0;
    const { status, statusText, headers } = response;
    return new Response(body, { status, statusText, headers });
  };
  return counter;
}
