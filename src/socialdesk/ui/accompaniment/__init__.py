"""The accompaniment screens: the plan, démarches, tasks and referrals tabs of a client
file, the Partners page, and the sections of Today other than the appointments."""
