"""The live room's screens: the door (who may enter), the participant's phone view, and the wall."""
