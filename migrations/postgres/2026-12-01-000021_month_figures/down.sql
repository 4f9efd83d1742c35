DROP TABLE month_figures;
