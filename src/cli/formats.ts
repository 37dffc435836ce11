// Format names the command line offers, kept apart from the commands so that defining the CLI loads none of
// them: each command's module (and what it needs, such as the graph layout of the HTML report) is loaded only
// when that command runs, which keeps the cold start of a scan short.
export const REPORT_FORMATS = ['html', 'markdown', 'json'] as const;

/** Default timeout of one probe request, in milliseconds (a string, as the command line gives it). */
export const DEFAULT_PROBE_TIMEOUT = '5000';
