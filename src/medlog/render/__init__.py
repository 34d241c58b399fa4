"""How results look to people: plain sentences for logging, Rich tables for views.

``confirmations`` holds what logging commands say back and never imports Rich, so ``take``
never pays for it; ``console`` makes the console, ``tables`` draws the tables, and each
other module is one view. Rich is imported only inside the functions that draw.
"""
