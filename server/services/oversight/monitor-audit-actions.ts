/** The audit trail's names for what happens to a project's production monitor (its history on the dashboard). */
export const MONITOR_SUBJECT_TYPE = 'decision_monitor';
export const MONITOR_TRIP_ACTION = 'decision.monitor.trip';
export const MONITOR_RESET_ACTION = 'decision.monitor.reset';
