"""The gebiedsscan: the figures of one area for the expert meeting that asks of each whether it is recognised."""
