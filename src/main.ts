/** The playground page: the embed entry plus the page's own layout (index.html). */
import './index';
