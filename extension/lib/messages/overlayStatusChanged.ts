/**
 * The background's note to the in-page content scripts that the overlay's status may have changed (sign-in,
 * sign-out, a new dashboard): they ask again with overlay/getStatus. Content scripts cannot watch the session's
 * storage (it is out of their reach on purpose), so they are told. A plain constant: the content bundle has no zod.
 */
export const OVERLAY_STATUS_CHANGED = "overlay/statusChanged";
export interface OverlayStatusChanged {
  type: typeof OVERLAY_STATUS_CHANGED;
}
