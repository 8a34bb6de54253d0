"""Billing screens: the Billing page, the packages tab of a client file, Settings → Billing."""
