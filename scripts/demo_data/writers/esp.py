"""Writer of esp_recipients."""
from __future__ import annotations

from ..config import ACTIVITY_START, ESP_KNOWN_RATE
from ..formats import esp_record_id


class EspWriter:
    """Mixin of Block: writes esp_recipients."""

    # ---- ESP -------------------------------------------------------------------------------------------
    def _esp(self):
        r, w = self.r, self.w
        rows = self.rows["esp_recipients"]
        self.esp_records = []
        for p in self.persons:
            for pe in p.personas:
                for j, e in enumerate(pe.emails):
                    if r.random() >= ESP_KNOWN_RATE:
                        continue
                    eid = esp_record_id(pe.gid * 4 + j, w.esp_salt)
                    self.reg("esp_record_id", eid, p, pe)
                    self.reg("email", e, p, pe)
                    rows.append((eid, self.raw_email(e), self.ts(self.rand_time(pe.created), p)))
                    pe.esp.append((e, eid))
                    self.esp_records.append((pe, eid))
        for co in self.companies:
            if co.role_email and co.role_holders:
                eid = esp_record_id((1 << 39) + co.g, w.esp_salt)
                rows.append((eid, co.role_email, self.ts(self.rand_time(ACTIVITY_START))))
                for pe in co.role_holders:
                    self.reg("esp_record_id", eid, pe.person, pe)
                    self.reg("email", co.role_email, pe.person, pe)
