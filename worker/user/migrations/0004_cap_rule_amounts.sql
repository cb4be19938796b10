-- Rules stored before dollar amounts were bounded (MAX_RULE_USD = 1e12, a cap of at least $0.01) would no longer
-- read back (the rules capability re-validates stored rows). Bring such amounts into range, and switch those
-- rules off with a word to the user, since their meaning changed.
UPDATE `automation_rules`
SET
  `enabled` = 0,
  `last_error` = 'Its dollar amounts were outside what Vigil accepts (from $0.01 to $1,000,000,000,000) and were brought into range: check the rule before switching it on again.',
  `last_error_at` = CAST(strftime('%s', 'now') AS INTEGER) * 1000,
  `trigger` = CASE
    WHEN json_extract(`trigger`, '$.usd') > 1e12 THEN json_set(`trigger`, '$.usd', 1e12)
    ELSE `trigger`
  END,
  `guards` = json_set(
    `guards`,
    '$.maxGasUsd', MIN(COALESCE(json_extract(`guards`, '$.maxGasUsd'), 25), 1e12),
    '$.maxAmountUsd', CASE
      WHEN json_extract(`guards`, '$.maxAmountUsd') IS NULL THEN NULL
      ELSE MIN(MAX(json_extract(`guards`, '$.maxAmountUsd'), 0.01), 1e12)
    END
  )
WHERE
  json_extract(`trigger`, '$.usd') > 1e12
  OR json_extract(`guards`, '$.maxGasUsd') > 1e12
  OR json_extract(`guards`, '$.maxAmountUsd') > 1e12
  OR json_extract(`guards`, '$.maxAmountUsd') < 0.01;
--> statement-breakpoint
-- json_set with NULL writes a JSON null; an absent cap must stay absent.
UPDATE `automation_rules`
SET `guards` = json_remove(`guards`, '$.maxAmountUsd')
WHERE json_type(`guards`, '$.maxAmountUsd') = 'null';
