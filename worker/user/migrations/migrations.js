import journal from './meta/_journal.json';
import m0000 from './0000_init.sql';
import m0001 from './0001_automation.sql';
import m0002 from './0002_realtime.sql';
import m0003 from './0003_drop_price_samples.sql';
import m0004 from './0004_cap_rule_amounts.sql';
import m0005 from './0005_watch_status.sql';
import m0006 from './0006_watched_accounts.sql';
import m0007 from './0007_proposal_min_nonce.sql';
import m0008 from './0008_kept_alerts.sql';
import m0009 from './0009_wallet_declined_step.sql';
import m0010 from './0010_rule_cannot_act.sql';

  export default {
    journal,
    migrations: {
      m0000,
m0001,
m0002,
m0003,
m0004,
m0005,
m0006,
m0007,
m0008,
m0009,
m0010
    }
  }
  