-- One wallet is one user, stored in one form: lower-case hex (users.address; the API shows it EIP-55 checksummed).
-- Before, an address spelled in another case created a second user. Each such group keeps its earliest-created
-- user (its Durable Object holds the rules and history), which inherits the group's latest login and a "pro"
-- subscription if any member had one; the others are deleted. Idempotent.
UPDATE `users` SET `last_login_at` = (
	SELECT MAX(`other`.`last_login_at`) FROM `users` AS `other` WHERE lower(`other`.`address`) = lower(`users`.`address`)
)
WHERE (SELECT COUNT(*) FROM `users` AS `other` WHERE lower(`other`.`address`) = lower(`users`.`address`)) > 1;
--> statement-breakpoint
UPDATE `subscriptions` SET (`tier`, `max_rules`, `period_start`, `period_end`) = (
	SELECT `d`.`tier`, `d`.`max_rules`, `d`.`period_start`, `d`.`period_end`
	FROM `subscriptions` AS `d`
	JOIN `users` AS `du` ON `du`.`id` = `d`.`user_id`
	JOIN `users` AS `ku` ON `ku`.`id` = `subscriptions`.`user_id`
	WHERE lower(`du`.`address`) = lower(`ku`.`address`) AND `d`.`tier` = 'pro'
	ORDER BY `d`.`period_start` DESC LIMIT 1
)
WHERE `tier` = 'free' AND EXISTS (
	SELECT 1 FROM `subscriptions` AS `d`
	JOIN `users` AS `du` ON `du`.`id` = `d`.`user_id`
	JOIN `users` AS `ku` ON `ku`.`id` = `subscriptions`.`user_id`
	WHERE lower(`du`.`address`) = lower(`ku`.`address`) AND `d`.`tier` = 'pro'
);
--> statement-breakpoint
DELETE FROM `subscriptions` WHERE `user_id` IN (
	SELECT `u`.`id` FROM `users` AS `u` WHERE EXISTS (
		SELECT 1 FROM `users` AS `o` WHERE lower(`o`.`address`) = lower(`u`.`address`)
		AND (`o`.`created_at` < `u`.`created_at` OR (`o`.`created_at` = `u`.`created_at` AND `o`.`id` < `u`.`id`))
	)
);
--> statement-breakpoint
DELETE FROM `users` WHERE EXISTS (
	SELECT 1 FROM `users` AS `o` WHERE lower(`o`.`address`) = lower(`users`.`address`)
	AND (`o`.`created_at` < `users`.`created_at` OR (`o`.`created_at` = `users`.`created_at` AND `o`.`id` < `users`.`id`))
);
--> statement-breakpoint
UPDATE `users` SET `address` = lower(`address`) WHERE `address` <> lower(`address`);
