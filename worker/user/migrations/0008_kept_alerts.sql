CREATE TABLE `kept_alerts` (
	`subject` text NOT NULL,
	`kind` text NOT NULL,
	`seq` integer NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`subject`, `kind`)
);
--> statement-breakpoint
-- What the outbox still holds of each account's alerts, so a client far behind on the day of the upgrade hears them.
INSERT INTO `kept_alerts` (`subject`, `kind`, `seq`, `payload`, `created_at`)
SELECT coalesce(json_extract(o.`payload`, '$.account'), ''), 'latest', o.`seq`, o.`payload`, o.`created_at`
FROM `outbox` o
WHERE o.`type` = 'risk_alert' AND o.`seq` = (
	SELECT max(i.`seq`) FROM `outbox` i
	WHERE i.`type` = 'risk_alert'
		AND coalesce(json_extract(i.`payload`, '$.account'), '') = coalesce(json_extract(o.`payload`, '$.account'), '')
);
--> statement-breakpoint
INSERT INTO `kept_alerts` (`subject`, `kind`, `seq`, `payload`, `created_at`)
SELECT coalesce(json_extract(o.`payload`, '$.account'), ''), 'liquidation', o.`seq`, o.`payload`, o.`created_at`
FROM `outbox` o
WHERE o.`seq` = (
	SELECT max(i.`seq`) FROM `outbox` i
	WHERE i.`type` = 'risk_alert'
		AND json_extract(i.`payload`, '$.severity') = 'liquidated'
		AND json_extract(i.`payload`, '$.state') = 'raised'
		AND coalesce(json_extract(i.`payload`, '$.account'), '') = coalesce(json_extract(o.`payload`, '$.account'), '')
);
