/** The first tab's text on a first visit (its first block is what the welcome screen's Run runs). */
export const DEFAULT_QUERY = `// Ctrl+Enter runs the query under the cursor. Blank lines separate queries.
DeviceProcessEvents
| where Timestamp > ago(7d)
| take 100

DeviceProcessEvents
| summarize Events = count() by bin(Timestamp, 1h)
| render timechart`;
