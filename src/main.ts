/** The playground page: the embed entry plus the page's own layout (index.html). */
import './index';

// `/?predict=owner/name&hub=<host>` (or `/?predict=<a .gguf URL>`) opens <ps-predict> filled in.
const query = new URLSearchParams(location.search);
const predict = document.querySelector('ps-predict');
const repo = query.get('predict');
const hub = query.get('hub');
if (predict && repo) predict.model = repo;
if (predict && hub) predict.hub = hub;
